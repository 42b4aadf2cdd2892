(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_o"]={"oct":[0],"once":[0],"opening":[0],"opportunity":[0],"other":[0],"overall":[0]};
