(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_l"]={"lap":[0],"le":[0],"lmp2":[0],"looking":[0],"love":[0],"lpm2":[0]};
