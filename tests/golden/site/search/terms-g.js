(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_g"]={"gary":[0],"get":[0],"getting":[0],"gm":[0],"going":[0],"grand":[0],"great":[0],"ground":[0],"gt3":[0],"gtd":[0],"gtp":[0]};
